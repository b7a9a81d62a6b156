package io.vigil.router.landmark;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vigil.core.api.ProblemException;
import io.vigil.core.auth.Callers;
import io.vigil.core.auth.OpenApiSecurity;
import io.vigil.core.auth.Roles;
import io.vigil.core.net.OutboundHttp;
import io.vigil.router.RouterProblems;
import io.vigil.router.landmark.LandmarkBodies.ContactBody;
import io.vigil.router.landmark.LandmarkBodies.TopUpBody;
import io.vigil.router.landmark.LandmarkBodies.TransferBody;
import io.vigil.router.landmark.LandmarkBodies.UserBody;
import io.vigil.router.landmark.LandmarkViews.ContactView;
import io.vigil.router.landmark.LandmarkViews.UserView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Landmark routing API for hosted users and the operator: users and their contacts, routing tables
 * and top-up plans. The operator ends windows through {@link LandmarkWindowResource}; other Vigil
 * servers use {@link LandmarkRoutingResource}.
 */
@Path("/v1/landmark")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.CLIENT})
@SecurityRequirement(name = OpenApiSecurity.OPERATOR)
@SecurityRequirement(name = OpenApiSecurity.KEY_HOLDER)
public class LandmarkResource {

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern HASH_LOCK = Pattern.compile("0x[0-9a-f]{64}");

  private final LandmarkService service;
  private final OutboundHttp outbound;
  private final ServerKeys serverKeys;

  private final SecurityIdentity caller;

  public LandmarkResource(
      LandmarkService service,
      OutboundHttp outbound,
      ServerKeys serverKeys,
      SecurityIdentity caller) {
    this.service = service;
    this.outbound = outbound;
    this.serverKeys = serverKeys;
    this.caller = caller;
  }

  /**
   * Hosts a user owned by the holder of {@code key}; 201 when new, 200 when it was already hosted.
   * The operator hosts anyone and may change a user's key; a key holder may host itself only.
   */
  @PUT
  @Path("/users/{user}")
  public Response addUser(@PathParam("user") String user, UserBody body) {
    if (body == null || body.key() == null || !ADDRESS.matcher(body.key()).matches()) {
      throw ProblemException.invalidField(
          "key", "the address owning the user: 0x followed by 40 hex digits");
    }
    if (!HostedUsers.USER_ID.matcher(user).matches()) {
      // Checked before any lookup: PostgreSQL refuses some characters (NUL) in a text parameter.
      throw ProblemException.invalidField("user", "must match " + HostedUsers.USER_ID.pattern());
    }
    String key = body.key().toLowerCase(Locale.ROOT);
    if (!Callers.isOperator(caller)) {
      Callers.requireOperatorOr(caller, key, "the user (only the operator hosts others)");
      Optional<String> owner = service.owner(user);
      if (service.hosts(user) && !owner.equals(Optional.of(key))) {
        throw new ForbiddenException("user: hosted already, with another key");
      }
    }
    HostedUsers.Change change = service.addUser(user, key);
    boolean created = done(change).created();
    return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
        .entity(new UserView(user, key, List.of()))
        .build();
  }

  @GET
  @Path("/users/{user}")
  public UserView user(@PathParam("user") String user) {
    Optional<String> key = authorize(user);
    List<ContactView> contacts =
        service.contacts(user).orElseThrow(() -> unknownUser(user)).values().stream()
            .sorted(Comparator.comparing(Contact::contact))
            .map(ContactView::of)
            .toList();
    return new UserView(user, key.orElse(null), contacts);
  }

  /**
   * Adds or replaces a contact; a change of capacity is re-announced in the next window. A remote
   * contact's server must be a destination the outbound policy allows.
   */
  @PUT
  @Path("/users/{user}/contacts/{contact}")
  public Response putContact(
      @PathParam("user") String user, @PathParam("contact") String contact, ContactBody body) {
    authorizeWithBody(user, body);
    Contact value = new Contact(user, contact, blankToNull(body.server()), body.terms());
    if (value.server() != null) {
      outbound.requireAllowed("server", value.server());
    }
    value = pinned(value, blankToNull(body.serverKey()));
    boolean created = done(service.putContact(value)).created();
    return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
        .entity(ContactView.of(value))
        .build();
  }

  @DELETE
  @Path("/users/{user}/contacts/{contact}")
  public Response removeContact(
      @PathParam("user") String user, @PathParam("contact") String contact) {
    authorize(user);
    requireContactId(contact);
    done(service.removeContact(user, contact));
    return Response.noContent().build();
  }

  /** Records a settled payment over a link, which changes its capacities. */
  @POST
  @Path("/users/{user}/contacts/{contact}/transfers")
  public ContactView transfer(
      @PathParam("user") String user, @PathParam("contact") String contact, TransferBody body) {
    authorizeWithBody(user, body);
    requireContactId(contact);
    long amount = LandmarkBodies.positive(body.amount(), "amount");
    if (body.direction() == null) {
      throw ProblemException.invalidField("direction", "must be SENT or RECEIVED");
    }
    long signed = body.direction() == TransferBody.Direction.SENT ? amount : -amount;
    done(service.transfer(user, contact, signed));
    return service.contacts(user).orElseThrow().values().stream()
        .filter(c -> c.contact().equals(contact))
        .map(ContactView::of)
        .findFirst()
        .orElseThrow();
  }

  @GET
  @Path("/users/{user}/routes")
  public List<Route> routes(@PathParam("user") String user) {
    authorize(user);
    return service.routes(user).orElseThrow(() -> unknownUser(user));
  }

  /** Plans a circular top-up so the user can pay {@code amount} to {@code contact}. */
  @POST
  @Path("/users/{user}/top-ups")
  public TopUpPlan topUp(@PathParam("user") String user, TopUpBody body) {
    authorizeWithBody(user, body);
    var contacts = service.contacts(user).orElseThrow(() -> unknownUser(user));
    if (body.contact() == null || body.contact().isBlank()) {
      throw ProblemException.invalidField("contact", "missing");
    }
    if (!contacts.containsKey(body.contact())) {
      throw RouterProblems.unknown(
          "contact", "contact", body.contact() + " is not a contact of " + user);
    }
    long amount = LandmarkBodies.positive(body.amount(), "amount");
    if (body.hashLock() == null || !HASH_LOCK.matcher(body.hashLock()).matches()) {
      throw ProblemException.invalidField("hashLock", "must be 0x and 64 lower-case hex digits");
    }
    return service.planTopUp(user, body.contact(), amount, body.hashLock());
  }

  /**
   * The contact with the key to pin for its server; a contact hosted here keeps none. Fetching the
   * key is an outbound call, made before the transaction that stores the contact.
   */
  private Contact pinned(Contact value, String givenKey) {
    if (value.server() == null) {
      if (givenKey != null) {
        throw ProblemException.invalidField(
            "serverKey", "only a contact on another server has one");
      }
      return value;
    }
    Optional<Map<String, Contact>> contacts = service.contacts(value.user());
    if (contacts.isEmpty()) {
      return value; // unknown user: the change answers 404 without calling anyone
    }
    return switch (serverKeys.pin(
        value.server(), givenKey, Optional.ofNullable(contacts.get().get(value.contact())))) {
      case ServerKeys.Pin.Pinned pinned -> value.withServerKey(pinned.key());
      case ServerKeys.Pin.Refused refused ->
          throw ProblemException.invalidField(refused.field(), refused.reason());
    };
  }

  /**
   * Lets the operator through, and the holder of the user's key; refuses (403) everyone else, for a
   * user that is not hosted too, so a stranger cannot tell which users exist. The user's key.
   */
  private Optional<String> authorize(String user) {
    // An id no user can have is never looked up (PostgreSQL refuses a NUL in a text parameter):
    // it has no key, so a key holder gets the 403 of any unknown user, the operator a 404.
    boolean hostable = HostedUsers.USER_ID.matcher(user).matches();
    Optional<String> key = hostable ? service.owner(user) : Optional.empty();
    if (!Callers.isOperator(caller)) {
      Callers.requireOperatorOr(caller, key.orElse(null), "user " + user);
    }
    if (!hostable) {
      throw unknownUser(user);
    }
    return key;
  }

  /** A contact id no contact can have is unknown (404), before it reaches a query. */
  private static void requireContactId(String contact) {
    if (!HostedUsers.USER_ID.matcher(contact).matches()) {
      throw RouterProblems.unknown("contact", "contact", "no contact " + contact);
    }
  }

  /** Lets the caller through as {@link #authorize} does, then requires the request's body. */
  private void authorizeWithBody(String user, Object body) {
    authorize(user);
    LandmarkBodies.required(body, "body");
  }

  private static HostedUsers.Change.Done done(HostedUsers.Change change) {
    return switch (change) {
      case HostedUsers.Change.Done done -> done;
      case HostedUsers.Change.Unknown unknown ->
          throw RouterProblems.unknown(unknown.field(), unknown.field(), unknown.reason());
      case HostedUsers.Change.Refused refused ->
          throw ProblemException.invalidField(refused.field(), refused.reason());
    };
  }

  private static ProblemException unknownUser(String user) {
    return RouterProblems.unknown("user", "user", "no hosted user " + user);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
