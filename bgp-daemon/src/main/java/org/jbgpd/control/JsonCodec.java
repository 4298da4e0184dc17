package org.jbgpd.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;

/**
 * JSON for control API bodies: records in both directions, unknown fields tolerated (newer daemon, older client).
 * The mapper is built on first use: jackson is ~375 classes (~3 MiB of metaspace) and 0.1-0.2 CPU s at
 * start, which a daemon nobody queries never needs (ADR 0082).
 */
public final class JsonCodec {

    private ObjectMapper mapper;

    private synchronized ObjectMapper mapper() {
        if (mapper == null) {
            mapper = new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .configure(SerializationFeature.INDENT_OUTPUT, true);
        }
        return mapper;
    }

    public byte[] write(Object value) {
        try {
            return mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }

    public String writeString(Object value) {
        return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    public <T> T read(byte[] json, Class<T> type) throws IOException {
        return mapper().readValue(json, type);
    }

    public <T> List<T> readList(byte[] json, Class<T> element) throws IOException {
        ObjectMapper m = mapper();
        JavaType t = m.getTypeFactory().constructCollectionType(List.class, element);
        return m.readValue(json, t);
    }
}
