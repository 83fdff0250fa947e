package dev.pvault.core.model;

/** What a chat message holds. Media messages are kept (sender, time, placeholder) but not embedded. */
public enum MessageKind {
    TEXT,
    MEDIA
}
