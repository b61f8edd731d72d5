package org.gridfaas.common.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds every request body to its limit while it streams: a declared length over the
 * limit is refused before anything is read, and a body without one (chunked) fails at the
 * first byte past it. Either way the answer is 413 problem+json, and no more than the
 * limit is ever held.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final RequestBodyLimits limits;

	private final JsonMapper json;

	public RequestBodyLimitFilter(RequestBodyLimits limits, JsonMapper json) {
		this.limits = limits;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = this.limits.limitFor(request);
		if (request.getContentLengthLong() > limit) {
			BodyTooLargeException tooLarge = new BodyTooLargeException(limit);
			response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			// Close the connection: the client may still be sending what nobody reads.
			response.setHeader("Connection", "close");
			this.json.writeValue(response.getOutputStream(),
					Problems.of(tooLarge.status(), tooLarge.type(), tooLarge.getMessage()));
			return;
		}
		chain.doFilter(new Limited(request, limit), response);
	}

	/** A request whose body stream fails past the limit. */
	private static final class Limited extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		Limited(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new CountingStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

	}

	private static final class CountingStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long limit;

		private long count;

		CountingStream(ServletInputStream in, long limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int read = this.in.read();
			if (read >= 0) {
				counted(1);
			}
			return read;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int read = this.in.read(buffer, offset, length);
			if (read > 0) {
				counted(read);
			}
			return read;
		}

		private void counted(int bytes) {
			this.count += bytes;
			if (this.count > this.limit) {
				throw new BodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

}
