package org.linkback.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a database URL selects, and how it is logged. */
class DatabaseUrlTest {

    @Test
    void aPasswordInTheUrlIsNeverLogged() {
        assertEquals("jdbc:postgresql://db/linkback?user=lb&password=***&ssl=true",
                     Database.withoutPassword("jdbc:postgresql://db/linkback?user=lb&password=s3cret&ssl=true"));
        assertEquals("jdbc:hsqldb:file:data/linkback", Database.withoutPassword("jdbc:hsqldb:file:data/linkback"));
    }

    @Test
    void theUrlSelectsTheDatabase() {
        assertEquals(Dialect.POSTGRESQL, Dialect.of("jdbc:postgresql://db:5432/linkback"));
        assertEquals(Dialect.HSQLDB, Dialect.of("jdbc:hsqldb:file:data/linkback"));
        assertThrows(IllegalArgumentException.class, () -> Dialect.of("jdbc:mysql://db/linkback"),
                     "a database linkback was not built for is refused at start, with a reason");
    }
}
