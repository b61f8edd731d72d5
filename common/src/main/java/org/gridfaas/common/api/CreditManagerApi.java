package org.gridfaas.common.api;

import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;

/**
 * CreditManager's REST API, declared once for every client of it: ContainerManager
 * (standings and users' tokens), the experiment runner and the system tests.
 * {@link ApiClients} makes a client of it. Deposits and withdrawals answer with a status
 * that says whether they are settled (201) or pending (202), so those give the whole
 * response.
 */
@HttpExchange(accept = "application/json")
public interface CreditManagerApi extends ServiceHealth {

	/** Whom the token (sent in place of the client's own) belongs to. */
	@GetExchange("/api/v1/me")
	WhoAmI me(@RequestHeader("Authorization") String authorization);

	@GetExchange("/api/v1/accounts/{user}")
	AccountStanding standing(@PathVariable String user);

	/**
	 * Opens or changes an account: {@code policy}, {@code minBalance}, {@code maxDebt}.
	 */
	@PutExchange(url = "/api/v1/accounts/{user}", contentType = "application/json")
	ResponseEntity<AccountStanding> putAccount(@PathVariable String user, @RequestBody Object settings);

	@PostExchange("/api/v1/accounts/{user}/token")
	JsonNode issueToken(@PathVariable String user);

	/**
	 * A deposit through the provider's wallet: {@code amount}; the key makes a retry
	 * count once.
	 */
	@PostExchange(url = "/api/v1/accounts/{user}/deposits", contentType = "application/json")
	ResponseEntity<JsonNode> deposit(@PathVariable String user,
			@RequestHeader(name = "Idempotency-Key", required = false) String key, @RequestBody Object deposit);

	@GetExchange("/api/v1/accounts/{user}/deposit-address")
	JsonNode depositAddress(@PathVariable String user);

	/** A withdrawal: {@code address}, {@code amount}; the key makes a retry send once. */
	@PostExchange(url = "/api/v1/accounts/{user}/withdrawals", contentType = "application/json")
	ResponseEntity<JsonNode> withdraw(@PathVariable String user,
			@RequestHeader(name = "Idempotency-Key", required = false) String key, @RequestBody Object withdrawal);

	@GetExchange("/api/v1/accounts/{user}/usage")
	JsonNode usage(@PathVariable String user);

	@GetExchange("/api/v1/accounts/{user}/ledger")
	JsonNode ledger(@PathVariable String user, @RequestParam int limit);

	@GetExchange("/api/v1/ledger/check")
	JsonNode ledgerCheck();

	/** A worker's heartbeat (admin): registers it, or says it is still alive. */
	@PutExchange(url = "/api/v1/workers/{name}", contentType = "application/json")
	WorkerView heartbeat(@PathVariable String name, @RequestBody WorkerHeartbeat heartbeat);

	/** Every worker CreditManager meters (admin). */
	@GetExchange("/api/v1/workers")
	java.util.List<WorkerView> workers();

}
