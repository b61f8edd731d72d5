package org.gridfaas.credit.wallet;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.gridfaas.common.api.AccountStanding;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.money.GrcSign;
import org.gridfaas.common.money.GrcSign.Sign;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.common.web.NotFoundException;
import org.gridfaas.credit.account.Account;
import org.gridfaas.credit.account.AccountRepository;
import org.gridfaas.credit.ledger.Ledger;
import org.gridfaas.credit.ledger.Transfer;
import org.gridfaas.credit.ledger.TransferRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/accounts/{user}/deposits} (admin): the local wallet's way in. The
 * deposit is credited at once (201), or, with a confirmation delay, once it is confirmed
 * (202, then credited by the billing cycle). Send an {@code Idempotency-Key} header to
 * make retries safe: the same key and body give the same deposit (200), the same key with
 * another body is refused (409).
 */
@RestController
class DepositController {

	/** Leaves room for the ledger's prefix within its 200-character keys. */
	private static final int MAX_KEY_LENGTH = 190;

	private final AccountRepository accounts;

	private final Wallet wallet;

	private final Ledger ledger;

	private final Clock clock;

	DepositController(AccountRepository accounts, Wallet wallet, Ledger ledger, Clock clock) {
		this.accounts = accounts;
		this.wallet = wallet;
		this.ledger = ledger;
		this.clock = clock;
	}

	@PostMapping("/api/v1/accounts/{user}/deposits")
	ResponseEntity<DepositView> deposit(@PathVariable UserName user, @Valid @RequestBody DepositRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		Account account = NotFoundException.throwIfNotFound(this.accounts.find(user), "No account for user " + user);
		if (idempotencyKey != null) {
			// Checked before anything is written: a key the ledger refuses must not
			// leave a deposit behind.
			TransferRequest.requireValidKey("Idempotency-Key", idempotencyKey, MAX_KEY_LENGTH);
		}
		String key = (idempotencyKey != null) ? idempotencyKey : UUID.randomUUID().toString();
		Wallet.Deposit deposit = this.wallet.deposit(user, request.amount(), request.memo(), key);
		DepositView view = new DepositView(deposit.key(), deposit.amount(), deposit.memo(),
				deposit.credited() ? "CREDITED" : "PENDING", deposit.requestedAt(), deposit.confirmAt(),
				deposit.transfer().orElse(null), account.standing(this.ledger.balanceOf(user), this.clock.instant()));
		if (!deposit.created()) {
			return ResponseEntity.ok(view);
		}
		return ResponseEntity.status(deposit.credited() ? HttpStatus.CREATED : HttpStatus.ACCEPTED)
			.location(URI.create("/api/v1/accounts/" + user + "/deposits/" + deposit.key()))
			.body(view);
	}

	/**
	 * The body of a deposit.
	 *
	 * @param amount GRC to credit, positive, at most 8 decimals
	 * @param memo a note, e.g. the on-chain transaction
	 */
	record DepositRequest(@NotNull @GrcSign(Sign.POSITIVE) Grc amount, @Size(max = 500) String memo) {
	}

	/**
	 * A deposit and the standing it left.
	 *
	 * @param key its idempotency key
	 * @param amount GRC
	 * @param memo its note
	 * @param state {@code PENDING} until confirmed, then {@code CREDITED}
	 * @param requestedAt when it was taken
	 * @param confirmAt when it is (or was) credited
	 * @param transfer the ledger transfer, once credited
	 * @param standing the user's standing now
	 */
	record DepositView(String key, Grc amount, String memo, String state, Instant requestedAt, Instant confirmAt,
			Transfer transfer, AccountStanding standing) {
	}

}
