package dev.starling.http.admin;

import dev.starling.http.ApiDirectives;
import dev.starling.http.ApiProblem;
import dev.starling.read.generation.ReadModels;
import dev.starling.read.projection.ProjectionControl;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What every admin route shares: {@code ?format=text} answers with the table the CLI prints,
 * otherwise JSON; and the control's own failures become problems.
 */
abstract class AdminDirectives extends ApiDirectives {
  /** {@code json} or, with {@code ?format=text}, {@code text}; any other format is a 400. */
  protected Route respond(Object json, Supplier<String> text) {
    return parameterOptional(
        "format",
        format -> {
          String chosen = format.orElse("json");
          if (chosen.equals("text")) {
            return complete(
                HttpResponse.create()
                    .withStatus(StatusCodes.OK)
                    .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, text.get())));
          }
          if (!chosen.equals("json")) {
            throw ApiProblem.badRequest("format must be json or text, not '" + chosen + "'");
          }
          return json(StatusCodes.OK, json);
        });
  }

  /** Awaits {@code work}, started inside so that what it throws at once is answered too. */
  protected <T> Route awaitControl(Supplier<CompletionStage<T>> work, Function<T, Route> inner) {
    CompletionStage<T> stage;
    try {
      stage = work.get();
    } catch (RuntimeException e) {
      throw asProblem(e);
    }
    return await(
        stage.exceptionally(
            failure -> {
              throw asProblem(failure);
            }),
        inner);
  }

  private static RuntimeException asProblem(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ProjectionControl.UnknownProjection unknown) {
      return ApiProblem.notFound(unknown.getMessage());
    }
    if (cause instanceof ProjectionControl.NotStopped notStopped) {
      return ApiProblem.conflict(notStopped.getMessage());
    }
    if (cause instanceof ReadModels.UnknownReadModel unknown) {
      return ApiProblem.notFound(unknown.getMessage());
    }
    if (cause instanceof ReadModels.Conflict conflict) {
      return ApiProblem.conflict(conflict.getMessage());
    }
    return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
  }

  static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
