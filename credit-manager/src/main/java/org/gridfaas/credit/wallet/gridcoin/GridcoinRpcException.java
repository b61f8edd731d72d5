package org.gridfaas.credit.wallet.gridcoin;

import org.gridfaas.credit.wallet.WalletUnavailableException;

/**
 * A call to the Gridcoin node failed. The subclasses say how, so callers can tell a
 * refusal that will not change (bad credentials, an unknown method, an invalid address)
 * from a node that may answer later.
 */
public class GridcoinRpcException extends WalletUnavailableException {

	GridcoinRpcException(String message, Throwable cause) {
		super(message, cause);
	}

	/** The node could not be reached, or its answer could not be read: try later. */
	public static class Unavailable extends GridcoinRpcException {

		Unavailable(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/** HTTP 401: rpcuser or rpcpassword is wrong. */
	public static class Unauthorized extends GridcoinRpcException {

		Unauthorized(String message) {
			super(message, null);
		}

	}

	/**
	 * The node answered with a JSON-RPC error: HTTP 404 (method not found, code -32601),
	 * HTTP 500, or HTTP 200 with an {@code error} member as other Bitcoin-family nodes
	 * send.
	 */
	public static class Refused extends GridcoinRpcException {

		/**
		 * -1: wrong arity or type; -3: bad amount; -4: wallet error (Gridcoin's
		 * insufficient funds).
		 */
		public static final int MISC = -1;

		public static final int INVALID_AMOUNT = -3;

		public static final int WALLET_ERROR = -4;

		/** Invalid address or unknown transaction. */
		public static final int INVALID_ADDRESS_OR_KEY = -5;

		public static final int INSUFFICIENT_FUNDS = -6;

		public static final int UNLOCK_NEEDED = -13;

		public static final int METHOD_NOT_FOUND = -32601;

		private final int code;

		private final int httpStatus;

		Refused(int code, String message, int httpStatus) {
			super("Gridcoin node refused (" + code + "): " + message, null);
			this.code = code;
			this.httpStatus = httpStatus;
		}

		public int code() {
			return this.code;
		}

		public int httpStatus() {
			return this.httpStatus;
		}

	}

}
