package org.gridfaas.common.web;

/**
 * One rejected input in a 400 problem, as in RFC 9457's own example
 * ({@code invalid-params}).
 *
 * @param name the field, path variable or query parameter, e.g. {@code amount} or
 * {@code policy.maxDebt}
 * @param reason why it was rejected
 */
public record InvalidParam(String name, String reason) {
}
