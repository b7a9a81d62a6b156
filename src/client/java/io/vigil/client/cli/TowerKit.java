package io.vigil.client.cli;

import io.vigil.client.events.Notifications;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.store.ClientStore;
import io.vigil.client.store.TowerStore;
import io.vigil.client.tower.Backoff;
import io.vigil.client.tower.Towers;
import java.time.Clock;

/** The towers of one CLI call, over the local store in {@code --home}; closed when it returns. */
final class TowerKit implements AutoCloseable {

  final ClientStore store;
  final Towers towers;
  final Notifications notifications = new Notifications();

  private TowerKit(ClientStore store) {
    this.store = store;
    this.towers =
        new Towers(
            new TowerStore(store),
            notifications,
            Clock.systemUTC(),
            JsonHttp.Limits.DEFAULT,
            Backoff.DEFAULT);
  }

  static TowerKit open(CliOptions options) {
    return new TowerKit(ClientStore.open(options.database()));
  }

  @Override
  public void close() {
    towers.close();
    store.close();
  }
}
