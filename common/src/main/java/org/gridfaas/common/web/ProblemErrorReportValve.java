package org.gridfaas.common.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's answer to a request it refuses before any application code runs (an encoded
 * {@code /} or a NUL in the path, a malformed request line): problem+json like every
 * other refusal of the API, instead of Tomcat's HTML page. Nothing of the request is
 * echoed.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String title = (status < 500) ? "Request refused" : "Server error";
		String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
				+ ",\"detail\":\"The server refused the request before reading it (HTTP " + status + ")\"}";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// The client has gone; nothing more to say.
		}
	}

}
