package org.linkback.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;

import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * The one place XML parsers are hardened, for XML that another site sent (XML-RPC calls and
 * answers, TrackBack answers, RDF blocks): DOCTYPEs are refused, so no entities, no external
 * fetches, no expansion bombs.
 */
public final class SafeXml {

    private SafeXml() {
    }

    /** Sets one parser feature; both JAXP factories have the method, with different exceptions. */
    @FunctionalInterface
    private interface Features {
        void set(String feature, boolean value) throws ParserConfigurationException, SAXException;
    }

    private static void harden(Features factory) throws ParserConfigurationException, SAXException {
        factory.set(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.set("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.set("http://xml.org/sax/features/external-general-entities", false);
        factory.set("http://xml.org/sax/features/external-parameter-entities", false);
        factory.set("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    }

    /** @throws IllegalArgumentException when the bytes are not well-formed, safe XML */
    public static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            harden(factory::setFeature);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** A SAX factory for libraries that parse with their own (Apache XML-RPC). */
    public static SAXParserFactory saxParserFactory() {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        try {
            harden(factory::setFeature);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's SAX parser does not support the features linkback needs", e);
        }
        return factory;
    }
}
