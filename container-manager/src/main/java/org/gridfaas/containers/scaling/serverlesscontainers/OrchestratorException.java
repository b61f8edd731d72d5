package org.gridfaas.containers.scaling.serverlesscontainers;

/** The ServerlessContainers Orchestrator refused a call or could not be reached. */
class OrchestratorException extends RuntimeException {

	OrchestratorException(String message) {
		super(message);
	}

	OrchestratorException(String message, Throwable cause) {
		super(message, cause);
	}

}
