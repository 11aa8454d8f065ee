package dev.tailgate.testkit;

/** One LocalAPI route. Endpoints compute a {@link Reply}; the handler owns all HTTP concerns. */
interface Endpoint {
  Reply serve(ApiCall call);
}
