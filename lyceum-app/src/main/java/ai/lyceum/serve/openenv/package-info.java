/**
 * The OpenEnv protocol (meta-pytorch/OpenEnv): stateless {@code /reset}, {@code /step}, {@code /state} over plain
 * HTTP, {@code /schema} and {@code /metadata}, and the {@code /ws} session that keeps one episode per connection.
 * Lyceum's text environments share one action type (the acting role's reply) and one observation type (the
 * messages the role must answer); their JSON Schemas are generated from the records here.
 */
package ai.lyceum.serve.openenv;
