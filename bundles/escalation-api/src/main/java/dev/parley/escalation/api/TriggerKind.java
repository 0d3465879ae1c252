package dev.parley.escalation.api;

/** What made the engine evaluate the rules: a customer message, or an SLA clock running low or out. */
public enum TriggerKind {
    MESSAGE, SLA_WARNING, SLA_BREACHED
}
