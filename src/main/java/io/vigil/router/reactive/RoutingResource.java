package io.vigil.router.reactive;

import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.router.reactive.persistence.BundleStore;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The routing server's polling endpoints, at the paths the protocol names: clients poll {@code
 * /messagesByHash/{hash}}, servers fetch {@code /messageBundles/{start}/{end}}. Both read
 * PostgreSQL (answers by hash through a short-lived per-replica cache), so any number of replicas
 * can serve them.
 */
@Path("/")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class RoutingResource {

  /** Header naming the first seq still stored, on bundle answers and on 410 Gone. */
  public static final String FIRST_SEQ = "Vigil-First-Seq";

  /** Header naming the table id, on bundle answers and on 410 Gone. */
  public static final String TABLE_ID = "Vigil-Table-Id";

  private static final MediaType PROBLEM = MediaType.valueOf(Problem.MEDIA_TYPE);

  private final PollingAnswers answers;
  private final BundleStore bundles;
  private final int bundleRangeCap;

  public RoutingResource(PollingAnswers answers, BundleStore bundles, RouterConfig config) {
    this.answers = answers;
    this.bundles = bundles;
    this.bundleRangeCap = config.bundleRangeCap();
  }

  /**
   * The routing entry for a payment hash, as bytes serialized once and served from {@link
   * PollingAnswers}' short-lived cache; 404 {@code no-route} while there is none.
   */
  @GET
  @Path("messagesByHash/{hash}")
  @APIResponse(
      responseCode = "200",
      description = "the amount to send this server for the hash, fee included",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PollingAnswers.EntryView.class)))
  @APIResponse(responseCode = "404", description = "no live entry for the hash yet")
  public Response messageByHash(@PathParam("hash") String hash) {
    AnswerCache.Answer answer = answers.answer(RequestFields.hash("hash", hash));
    return Response.status(answer.status())
        .type(answer.status() == 200 ? MediaType.APPLICATION_JSON_TYPE : PROBLEM)
        .entity(answer.body())
        .build();
  }

  /**
   * The stored bundles in the inclusive range {@code start..end}, as a JSON object {@code {node,
   * tableId, firstSeq, lastSeq, bundles}}. Bundles past the newest are simply absent.
   */
  @GET
  @Path("messageBundles/{start}/{end}")
  public Response messageBundles(@PathParam("start") String start, @PathParam("end") String end) {
    long from = seq("start", start);
    long to = seq("end", end);
    if (to < from) {
      throw ProblemException.invalidField(
          "end", "range is reversed: end " + to + " is before start " + from);
    }
    if (to - from + 1 > bundleRangeCap) {
      throw ProblemException.invalidField(
          "end", "range of " + (to - from + 1) + " bundles is over the cap of " + bundleRangeCap);
    }
    BundleStore.Page page = bundles.read(from, to);
    BundleStore.Range range = page.range();
    if (from < range.first()) {
      return withRange(
          Response.fromResponse(
              Problem.of(
                      Response.Status.GONE,
                      "bundles-trimmed",
                      "bundles before seq "
                          + range.first()
                          + " were trimmed; the stored range is "
                          + range.first()
                          + ".."
                          + range.last()
                          + " of table "
                          + page.tableId(),
                      "start")
                  .toResponse()),
          page);
    }
    String body =
        String.format(
            Locale.ROOT,
            "{\"node\":\"%s\",\"tableId\":\"%s\",\"firstSeq\":%d,\"lastSeq\":%d,\"bundles\":[%s]}",
            page.node(),
            page.tableId(),
            range.first(),
            range.last(),
            String.join(",", page.bodies()));
    return withRange(Response.ok(body, MediaType.APPLICATION_JSON), page);
  }

  /** Adds the stored range's headers that both bundle answers and 410 Gone carry. */
  private static Response withRange(Response.ResponseBuilder response, BundleStore.Page page) {
    return response
        .header(FIRST_SEQ, page.range().first())
        .header(TABLE_ID, page.tableId())
        .build();
  }

  private static long seq(String field, String text) {
    if (text == null || !text.matches("[0-9]{1,18}")) {
      throw ProblemException.invalidField(field, "must be a whole number from 1 on");
    }
    long value = Long.parseLong(text);
    if (value < 1) {
      throw ProblemException.invalidField(field, "sequence numbers start at 1");
    }
    return value;
  }
}
