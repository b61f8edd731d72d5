package org.gridfaas.credit.wallet;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.gridfaas.common.money.Grc;
import org.gridfaas.common.money.GrcSign;
import org.gridfaas.common.money.GrcSign.Sign;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.common.web.NotFoundException;
import org.gridfaas.common.web.UnavailableException;
import org.gridfaas.credit.account.AccountRepository;
import org.gridfaas.credit.ledger.TransferRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/accounts/{user}/withdrawals} (the user or the admin): sends part of
 * the balance to a Gridcoin address. 201 once sent, 202 while the node's answer is not
 * known (it is settled on the next billing cycle), 200 for a retry under the same
 * {@code Idempotency-Key}; 409 when the balance does not cover amount and fee; 503 when
 * the node refused, with the funds given back.
 */
@RestController
class WithdrawalController {

	private static final int MAX_KEY_LENGTH = 190;

	private final AccountRepository accounts;

	private final Wallet wallet;

	WithdrawalController(AccountRepository accounts, Wallet wallet) {
		this.accounts = accounts;
		this.wallet = wallet;
	}

	@PostMapping("/api/v1/accounts/{user}/withdrawals")
	ResponseEntity<Wallet.Withdrawal> withdraw(@PathVariable UserName user,
			@Valid @RequestBody WithdrawalRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		NotFoundException.throwIfNotFound(this.accounts.find(user), "No account for user " + user);
		if (idempotencyKey != null) {
			// Checked before anything is written: a key the ledger refuses must not
			// leave a deposit behind.
			TransferRequest.requireValidKey("Idempotency-Key", idempotencyKey, MAX_KEY_LENGTH);
		}
		Wallet.Withdrawal withdrawal = this.wallet.withdraw(user, request.address().strip(), request.amount(),
				idempotencyKey);
		if ("FAILED".equals(withdrawal.state())) {
			throw new UnavailableException("The Gridcoin node refused withdrawal " + withdrawal.id()
					+ "; the funds were given back: " + withdrawal.failure());
		}
		if (!withdrawal.created()) {
			return ResponseEntity.ok(withdrawal);
		}
		return ResponseEntity.status("SENT".equals(withdrawal.state()) ? HttpStatus.CREATED : HttpStatus.ACCEPTED)
			.location(URI.create("/api/v1/accounts/" + user + "/withdrawals/" + withdrawal.id()))
			.body(withdrawal);
	}

	/**
	 * The body of a withdrawal.
	 *
	 * @param address the Gridcoin address to send to
	 * @param amount GRC the address receives; the fee is taken on top
	 */
	record WithdrawalRequest(@NotBlank @Size(max = 100) String address, @NotNull @GrcSign(Sign.POSITIVE) Grc amount) {
	}

}
