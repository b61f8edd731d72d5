package org.gridfaas.common;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings both services share.
 *
 * @param home the state folder: data, tokens, logs and PID files of a single-node install
 * ({@code GRIDFAAS_HOME}, default {@code ./.gridfaas} in the working directory)
 */
@ConfigurationProperties("gridfaas")
public record GridfaasProperties(@DefaultValue("./.gridfaas") Path home) {
}
