package org.jbgpd.control;

/** The JSON body of every 4xx/5xx answer that is not an {@link ActionResult}. */
public record ErrorBody(String error) {}
