package org.gridfaas.containers.function;

import org.gridfaas.common.naming.FunctionName;

/**
 * A function was published, changed or deleted through the API, so whoever keeps a list
 * of functions should read it again now rather than at its next refresh.
 *
 * @param function the function
 */
public record FunctionsChanged(FunctionName function) {
}
