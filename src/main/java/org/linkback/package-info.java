/**
 * The command line (Main), the parts built in order (Components) and the web server with every route (LinkbackServer).
 * The one place that may use every feature package.
 */
package org.linkback;
