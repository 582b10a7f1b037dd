/**
 * linkback's words in many languages: one resource file per language under {@code i18n/}
 * (ICU MessageFormat, CLDR plurals), the choice of a reader's language, and localized dates.
 * May use nothing else of linkback.
 */
package org.linkback.i18n;
