package org.gridfaas.common.api;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * CreditManager has stored everything up to {@code cursor} of a ContainerManager's usage
 * log {@code log} ({@code PUT /api/v1/usage/acknowledged}), so those readings may go.
 * Reading a page never drops anything; only this does.
 *
 * @param log the usage log the cursor belongs to
 * @param cursor the last reading stored
 */
public record UsageAcknowledgement(@NotBlank @Size(max = 100) String log, @Min(0) long cursor) {
}
