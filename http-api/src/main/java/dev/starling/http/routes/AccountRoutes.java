package dev.starling.http.routes;

import dev.starling.app.AccountService;
import dev.starling.app.Registration;
import dev.starling.http.ApiDirectives;
import dev.starling.http.Representations;
import dev.starling.http.dto.NewAccount;
import dev.starling.read.accounts.UserView;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code POST /api/v1/accounts}: sign-up, no token needed. */
public final class AccountRoutes extends ApiDirectives {
  private final AccountService accounts;

  public AccountRoutes(AccountService accounts) {
    this.accounts = accounts;
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
                                accounts.register(
                                    new Registration(
                                        request.handle(),
                                        request.password(),
                                        request.displayName(),
                                        request.bio(),
                                        request.location())),
                                // a new account follows nobody, has no followers and no tweets
                                profile ->
                                    json(
                                        StatusCodes.CREATED,
                                        Representations.user(new UserView(profile, 0, 0, 0)))))));
  }
}
