package org.linkback.trackback;

import java.io.ByteArrayOutputStream;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The TrackBack 1.2 answer: {@code <response><error>0</error></response>}, or error 1 with a message.
 */
final class TrackbackResponse {

    private TrackbackResponse() {
    }

    static byte[] success() {
        return write(null);
    }

    static byte[] error(String message) {
        return write(message);
    }

    private static byte[] write(String errorMessage) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "utf-8");
            xml.writeStartDocument("utf-8", "1.0");
            xml.writeStartElement("response");
            xml.writeStartElement("error");
            xml.writeCharacters(errorMessage == null ? "0" : "1");
            xml.writeEndElement();
            if (errorMessage != null) {
                xml.writeStartElement("message");
                xml.writeCharacters(errorMessage);
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
