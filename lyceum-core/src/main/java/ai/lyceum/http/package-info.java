/** A lean blocking HTTP/1.1 client for model servers, made for many concurrent calls on virtual threads. */
package ai.lyceum.http;
