package org.linkback.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The usual fixture of a test class: a page server playing the blogs, and a real linkback
 * server for one site under {@code blogs.url("/blog/")}, both started once per class.
 * A class that needs other settings starts its own.
 *
 * <p>The fields are static so {@code @BeforeAll} can fill them; test classes run one after
 * another (surefire's default), so each class gets its own pair.
 */
public abstract class ServedBlogTest {

    protected static PageServer blogs;
    protected static TestLinkback linkback;

    @BeforeAll
    static void startBlogsAndLinkback() {
        blogs = new PageServer();
        linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")));
    }

    @AfterAll
    static void stopBlogsAndLinkback() {
        linkback.close();
        blogs.close();
    }
}
