package io.vigil.router.landmark;

import io.vigil.core.auth.OpenApiSecurity;
import io.vigil.core.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Lets the operator end the current landmark window on demand. */
@Path("/v1/landmark")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LandmarkWindowResource {

  private final LandmarkWindows windows;

  public LandmarkWindowResource(LandmarkWindows windows) {
    this.windows = windows;
  }

  /** Ends the current window now (the scheduler does so every {@code vigil.landmark.window}). */
  @POST
  @Path("/windows")
  @RolesAllowed(Roles.OPERATOR)
  @SecurityRequirement(name = OpenApiSecurity.OPERATOR)
  public LandmarkWindows.Result endWindow() {
    return windows.run();
  }
}
