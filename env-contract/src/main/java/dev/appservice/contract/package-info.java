/**
 * The operator &lt;-&gt; runtime environment contract (docs/env-contract.md): the names the
 * operator sets on runtime pods and the runtime reads, and the few fixed values both sides share.
 * Constants only, so that a renamed variable is one change and a mismatch fails to compile.
 */
package dev.appservice.contract;
