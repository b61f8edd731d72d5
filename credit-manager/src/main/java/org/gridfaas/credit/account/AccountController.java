package org.gridfaas.credit.account;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;

import org.gridfaas.common.api.AccountStanding;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.common.web.NotFoundException;
import org.gridfaas.credit.ledger.Ledger;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accounts and their standing. The admin opens and configures accounts; a user reads its
 * own (the security rules in {@link AccountAccessRules} decide who may call what).
 */
@RestController
@RequestMapping("/api/v1/accounts")
class AccountController {

	private final AccountRepository accounts;

	private final LedgerStandings standings;

	private final AccountTokens tokens;

	private final Ledger ledger;

	private final AccountDefaults defaults;

	private final Clock clock;

	AccountController(AccountRepository accounts, LedgerStandings standings, AccountTokens tokens, Ledger ledger,
			AccountDefaults defaults, Clock clock) {
		this.accounts = accounts;
		this.standings = standings;
		this.tokens = tokens;
		this.ledger = ledger;
		this.defaults = defaults;
		this.clock = clock;
	}

	/** Every account with its standing (admin). */
	@GetMapping
	List<AccountStanding> list() {
		return this.standings.all(this.clock.instant());
	}

	/** One account's standing: what ContainerManager asks before it starts work. */
	@GetMapping("/{user}")
	AccountStanding standing(@PathVariable UserName user) {
		Account account = NotFoundException.throwIfNotFound(this.accounts.find(user), "No account for user " + user);
		return account.standing(this.ledger.balanceOf(user), this.clock.instant());
	}

	/**
	 * Issues the user a new API token (admin): shown once, in this response; the previous
	 * token stops working.
	 */
	@PostMapping("/{user}/token")
	ResponseEntity<IssuedToken> issueToken(@PathVariable UserName user) {
		NotFoundException.throwIfNotFound(this.accounts.find(user), "No account for user " + user);
		return ResponseEntity.status(HttpStatus.CREATED).body(new IssuedToken(user, this.tokens.issue(user)));
	}

	/**
	 * @param user whose token it is
	 * @param token the token, to send as {@code Authorization: Bearer <token>}
	 */
	record IssuedToken(UserName user, String token) {

		@Override
		public String toString() {
			return "IssuedToken[" + this.user + ", [PROTECTED]]";
		}

	}

	/** Opens an account (201) or changes its settings (200) (admin). */
	@PutMapping("/{user}")
	@Transactional
	ResponseEntity<AccountStanding> put(@PathVariable UserName user, @Valid @RequestBody AccountSettings settings) {
		Instant now = this.clock.instant();
		Optional<Account> current = this.accounts.find(user);
		if (current.isPresent()) {
			Account updated = settings.applyTo(current.get(), now);
			this.accounts.update(updated);
			return ResponseEntity.ok(updated.standing(this.ledger.balanceOf(user), now));
		}
		Account created = settings.create(user, this.defaults, now);
		this.accounts.insert(created);
		return ResponseEntity.created(URI.create("/api/v1/accounts/" + user))
			.body(created.standing(this.ledger.balanceOf(user), now));
	}

}
