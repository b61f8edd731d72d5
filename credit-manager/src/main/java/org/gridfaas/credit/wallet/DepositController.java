package org.gridfaas.credit.wallet;

import java.net.URI;
import java.time.Clock;
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
import org.gridfaas.credit.ledger.LedgerAccounts;
import org.gridfaas.credit.ledger.Transfer;
import org.gridfaas.credit.ledger.TransferKind;
import org.gridfaas.credit.ledger.TransferRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/accounts/{user}/deposits} (admin): credits funds from outside the
 * ledger ({@code @wallet}) to a user, as the local wallet's way in. Send an
 * {@code Idempotency-Key} header to make retries safe: the same key and body give the
 * same deposit (200), the same key with another body is refused (409).
 */
@RestController
class DepositController {

	private final AccountRepository accounts;

	private final Ledger ledger;

	private final Clock clock;

	DepositController(AccountRepository accounts, Ledger ledger, Clock clock) {
		this.accounts = accounts;
		this.ledger = ledger;
		this.clock = clock;
	}

	@PostMapping("/api/v1/accounts/{user}/deposits")
	ResponseEntity<DepositView> deposit(@PathVariable UserName user, @Valid @RequestBody DepositRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		Account account = NotFoundException.throwIfNotFound(this.accounts.find(user), "No account for user " + user);
		String key = (idempotencyKey != null) ? "deposit:" + idempotencyKey : "deposit:" + UUID.randomUUID();
		Ledger.Posted posted = this.ledger.post(new TransferRequest(TransferKind.DEPOSIT, key, LedgerAccounts.WALLET,
				LedgerAccounts.of(user), request.amount(), request.memo()));
		DepositView view = new DepositView(posted.transfer(),
				account.standing(this.ledger.balanceOf(user), this.clock.instant()));
		return posted.created()
				? ResponseEntity.created(URI.create("/api/v1/accounts/" + user + "/deposits/" + posted.transfer().id()))
					.body(view)
				: ResponseEntity.ok(view);
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
	 * @param transfer the ledger transfer
	 * @param standing the user's standing after it
	 */
	record DepositView(Transfer transfer, AccountStanding standing) {
	}

}
