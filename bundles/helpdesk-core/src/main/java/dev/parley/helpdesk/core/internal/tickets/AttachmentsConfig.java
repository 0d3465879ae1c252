package dev.parley.helpdesk.core.internal.tickets;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code <home>/etc/dev.parley.helpdesk.attachments.cfg}. */
@ObjectClassDefinition(name = "Parley attachment store",
        description = "Where inbound attachments are kept, and how large they may be")
public @interface AttachmentsConfig {

    String PID = "dev.parley.helpdesk.attachments";

    @AttributeDefinition(name = "Directory", required = false,
            description = "Folder of the attachment files; empty: <home>/data/attachments")
    String directory() default "";

    @AttributeDefinition(name = "Largest file (bytes)", min = "1",
            description = "A larger attachment is not kept (FAILED, with the reason); default 25 MiB")
    long maxFileBytes() default 26_214_400L;

    @AttributeDefinition(name = "Largest total per ticket (bytes)", min = "1",
            description = "Attachments beyond this total on one ticket are not kept; default 200 MiB")
    long maxTicketBytes() default 209_715_200L;

    @AttributeDefinition(name = "Largest agent upload (bytes)", min = "1",
            description = "POST /api/tickets/{id}/attachments refuses a larger file with 413 (read as a stream, never "
                    + "held in memory); default 25 MiB. Each platform's own limit is checked when the reply is sent")
    long maxUploadBytes() default 26_214_400L;

    @AttributeDefinition(name = "Upload deadline (seconds)", min = "1",
            description = "The whole upload must arrive within this time, else 408 and nothing is kept")
    int uploadTimeoutSeconds() default 300;

    @AttributeDefinition(name = "Unused upload lifetime (seconds)", min = "1",
            description = "An agent's upload that no reply carried after this long is removed (its row, and its file "
                    + "unless another attachment has the same content); default 24 hours")
    long uploadOrphanSeconds() default 86_400L;
}
