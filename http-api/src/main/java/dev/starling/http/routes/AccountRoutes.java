package dev.starling.http.routes;

import dev.starling.app.AccountService;
import dev.starling.app.Views;
import dev.starling.http.ApiDirectives;
import dev.starling.http.dto.NewAccount;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code POST /api/v1/accounts}: sign-up, no token needed. */
public final class AccountRoutes extends ApiDirectives {
  private final AccountService accounts;
  private final Views views;

  public AccountRoutes(AccountService accounts, Views views) {
    this.accounts = accounts;
    this.views = views;
  }

  public Route routes() {
    return path(
        "accounts",
        () ->
            post(
                () ->
                    jsonBody(
                        NewAccount.class,
                        request ->
                            await(
                                accounts.register(request).thenCompose(views::user),
                                user -> json(StatusCodes.CREATED, user)))));
  }
}
