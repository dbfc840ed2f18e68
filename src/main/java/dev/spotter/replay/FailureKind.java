package dev.spotter.replay;

/** Why a target gave no usable answer. */
public enum FailureKind {
  TIMEOUT("timeout"),
  CONNECTION_REFUSED("connection_refused"),
  CONNECTION_RESET("connection_reset"),
  PROTOCOL_ERROR("protocol_error"),
  UNDECODABLE_BODY("undecodable_body"),
  OTHER("other");

  private final String jsonName;

  FailureKind(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }

  @Override
  public String toString() {
    return jsonName;
  }
}
