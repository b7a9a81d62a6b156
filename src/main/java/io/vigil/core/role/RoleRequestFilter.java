package io.vigil.core.role;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Hides the REST endpoints of roles this process does not run: they answer 404 exactly as a path
 * that does not exist, so a load balancer cannot tell a disabled role from a missing one.
 */
public class RoleRequestFilter {

  private final ActiveRoles roles;

  public RoleRequestFilter(ActiveRoles roles) {
    this.roles = roles;
  }

  @ServerRequestFilter
  public Response hideInactiveRoles(ContainerRequestContext request, ResourceInfo resource) {
    Class<?> type = resource.getResourceClass();
    if (type == null || roles.allows(type)) {
      return null;
    }
    return Response.status(Response.Status.NOT_FOUND).build();
  }
}
