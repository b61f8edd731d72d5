package org.gridfaas.containers.function;

import java.util.Optional;

import org.gridfaas.common.naming.FunctionName;
import org.gridfaas.common.security.ApiPrincipal;
import org.gridfaas.common.web.ForbiddenException;
import org.gridfaas.common.web.NotFoundException;
import org.springframework.stereotype.Component;

/**
 * Looks a function up for a caller: 404 when it does not exist, 403 when it is not
 * theirs.
 */
@Component
public class FunctionAccess {

	private final FunctionRepository functions;

	FunctionAccess(FunctionRepository functions) {
		this.functions = functions;
	}

	/** The function, if the caller is the admin or its owner. */
	public Function require(FunctionName name, ApiPrincipal caller) {
		return allowed(NotFoundException.throwIfNotFound(this.functions.find(name), "No function " + name), caller);
	}

	/**
	 * As {@link #require(FunctionName, ApiPrincipal)}, from the function as read lately
	 * where there is such a reading, so that a request on its tasks costs the store
	 * nothing; read now otherwise.
	 */
	public Function require(FunctionName name, ApiPrincipal caller, Optional<Function> lately) {
		return lately.isPresent() ? allowed(lately.get(), caller) : require(name, caller);
	}

	private static Function allowed(Function function, ApiPrincipal caller) {
		if (!caller.isAdmin() && (function.owner() == null || !caller.mayActFor(function.owner()))) {
			throw new ForbiddenException("Function " + function.name() + " belongs to another user");
		}
		return function;
	}

}
