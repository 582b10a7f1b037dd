/**
 * Small helpers for requests and answers: body limits, forms, client address, rate limits, cacheable answers.
 * Uses task only; knows no feature.
 */
package org.linkback.http;
