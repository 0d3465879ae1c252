package dev.parley.helpdesk.core.internal.rest;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.parley.helpdesk.api.Attachment;
import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.TicketUpdate;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.api.http.ProblemException;

/** JSON bodies the tickets API accepts; unknown fields are refused by the mapper. */
final class TicketRequests {

    private TicketRequests() {
    }

    /** POST /api/tickets: a ticket opened by an agent on a customer's behalf. */
    record CreateTicket(String subject, RequesterRef requester, String description, Priority priority, String channel,
            String group, Set<String> tags) {

        void validate() {
            require("subject", subject);
            if (requester == null) {
                throw missing("requester");
            }
            requester.validate();
        }
    }

    /** Either an existing customer by id, or a person identified by e-mail (created on first use). */
    record RequesterRef(Long id, String name, String email) {

        void validate() {
            if (id == null && (email == null || email.isBlank())) {
                throw new ProblemException(400, "Bad Request", "requester needs either 'id' or 'email'", null,
                        java.util.Map.of("field", "requester"));
            }
        }
    }

    /** PATCH /api/tickets/{id}: only the fields present change; 'version' pins the expected version. */
    record PatchTicket(TicketStatus status, Priority priority, String assignee, String group, Set<String> addTags,
            Set<String> removeTags, String subject, Long version) {

        TicketUpdate toUpdate() {
            TicketUpdate update = new TicketUpdate(Optional.ofNullable(status), Optional.ofNullable(priority),
                    Optional.ofNullable(assignee), Optional.ofNullable(group), addTags, removeTags, null,
                    Optional.ofNullable(subject), null);
            if (update.isEmpty()) {
                throw ProblemException.badRequest("nothing to change: send at least one of status, priority, "
                        + "assignee, group, addTags, removeTags, subject");
            }
            return version == null ? update : update.withExpectedVersion(version);
        }
    }

    /**
     * POST /api/tickets/{id}/messages: an agent's reply or internal note; inReplyTo picks the message
     * answered; template sends a message template (WhatsApp) instead of free text, PRIVATE by default.
     */
    record Reply(String text, Visibility visibility, List<AttachmentRef> attachments, Long inReplyTo,
            Template template) {

        void validate() {
            if (template != null) {
                template.validate();
                if (attachments != null && !attachments.isEmpty()) {
                    throw new ProblemException(400, "Bad Request", "a template message takes no attachments", null,
                            java.util.Map.of("field", "attachments"));
                }
                if (visibility != null && visibility != Visibility.PRIVATE) {
                    throw new ProblemException(400, "Bad Request", "a template message is PRIVATE", null,
                            java.util.Map.of("field", "visibility"));
                }
                return;
            }
            if (visibility == null) {
                throw missing("visibility");
            }
            if ((text == null || text.isBlank()) && (attachments == null || attachments.isEmpty())) {
                throw missing("text");
            }
        }

        Visibility visibilityOrPrivate() {
            return visibility == null ? Visibility.PRIVATE : visibility;
        }

        List<Attachment> attachmentList(
                java.util.function.LongFunction<Optional<dev.parley.helpdesk.api.AttachmentStore.StoredFile>> store,
                java.util.function.LongFunction<Optional<String>> uploadNames) {
            if (attachments == null) {
                return List.of();
            }
            List<Attachment> list = new java.util.ArrayList<>();
            for (int i = 0; i < attachments.size(); i++) {
                AttachmentRef ref = attachments.get(i);
                if (ref == null) {
                    throw missing("attachments[" + i + "]");
                }
                list.add(ref.toAttachment("attachments[" + i + "]", store, uploadNames));
            }
            return list;
        }
    }

    /** A message template by name and language, with its body parameters in order. */
    record Template(String name, String language, List<String> parameters) {

        static final int MAX_PARAMETERS = 20;

        void validate() {
            require("template.name", name);
            require("template.language", language);
            if (!name.matches("[a-z0-9_]{1,512}")) {
                throw new ProblemException(400, "Bad Request", "template.name '" + name + "' must be lower-case "
                        + "letters, digits and '_'", null, java.util.Map.of("field", "template.name"));
            }
            if (!language.matches("[A-Za-z]{2,3}(_[A-Za-z0-9]{2,4})?")) {
                throw new ProblemException(400, "Bad Request", "template.language '" + language + "' is not a "
                        + "language code such as en or en_US", null, java.util.Map.of("field", "template.language"));
            }
            List<String> values = parameterList();
            if (values.size() > MAX_PARAMETERS) {
                throw new ProblemException(400, "Bad Request", "a template takes at most " + MAX_PARAMETERS
                        + " parameters", null, java.util.Map.of("field", "template.parameters"));
            }
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) == null || values.get(i).isBlank() || values.get(i).length() > 1024) {
                    throw new ProblemException(400, "Bad Request", "template.parameters[" + i + "] must be 1 to 1024 "
                            + "characters", null, java.util.Map.of("field", "template.parameters[" + i + "]"));
                }
            }
        }

        List<String> parameterList() {
            return parameters == null ? List.of() : parameters;
        }

        /** How the ticket shows the send: the template and its values. */
        String describe() {
            return "[template " + name + " (" + language + ")" + (parameterList().isEmpty() ? "" : ": "
                    + String.join(" | ", parameterList())) + "]";
        }

        java.util.Map<String, String> properties() {
            java.util.Map<String, String> p = new java.util.HashMap<>();
            p.put(dev.parley.helpdesk.api.NewMessage.TEMPLATE_NAME, name);
            p.put(dev.parley.helpdesk.api.NewMessage.TEMPLATE_LANGUAGE, language);
            for (int i = 0; i < parameterList().size(); i++) {
                p.put(dev.parley.helpdesk.api.NewMessage.TEMPLATE_PARAMETER + (i + 1), parameterList().get(i));
            }
            return p;
        }
    }

    /**
     * An agent's attachment: a file of Parley's attachment store by its {@code attachmentId} (a
     * customer's file forwarded, sent as those bytes where the platform uploads), or a file elsewhere
     * by its public {@code url} with the {@code mediaType} and {@code sizeBytes} its sender declares.
     */
    record AttachmentRef(String mediaType, String url, String name, Long sizeBytes, Long attachmentId) {

        Attachment toAttachment(String field,
                java.util.function.LongFunction<Optional<dev.parley.helpdesk.api.AttachmentStore.StoredFile>> store,
                java.util.function.LongFunction<Optional<String>> uploadNames) {
            if (attachmentId != null) {
                if (url != null || mediaType != null || sizeBytes != null) {
                    throw new ProblemException(400, "Bad Request", "field '" + field + "' names a stored attachment "
                            + "(attachmentId): its type and size are the store's, so give no url, mediaType or sizeBytes",
                            null, java.util.Map.of("field", field));
                }
                dev.parley.helpdesk.api.AttachmentStore.StoredFile file = store.apply(attachmentId).orElseThrow(
                        () -> new ProblemException(400, "Bad Request", "field '" + field + ".attachmentId': attachment "
                                + attachmentId + " is not stored (unknown, still downloading, or unavailable)", null,
                                java.util.Map.of("field", field + ".attachmentId")));
                // the name goes to platforms' multipart forms and into download headers: sanitized like an upload's
                Optional<String> fileName = Optional.ofNullable(name).filter(n -> !n.isBlank())
                        .map(dev.parley.helpdesk.core.internal.attachments.FileNames::sanitize)
                        .or(() -> uploadNames.apply(file.id()));
                return new Attachment(file.mediaType(), "/api/attachments/" + file.id(), fileName,
                        Optional.of(file.size()), Optional.of(file.id()),
                        Optional.of(dev.parley.helpdesk.api.AttachmentState.STORED), Optional.empty(),
                        Optional.of(file.size()), Optional.of(file.sha256()), Optional.empty());
            }
            require(field + ".mediaType", mediaType);
            require(field + ".url", url);
            AttachmentUrls.refusal(url).ifPresent(why -> {
                throw new ProblemException(400, "Bad Request", "field '" + field + ".url' " + why, null,
                        java.util.Map.of("field", field + ".url"));
            });
            if (sizeBytes != null && sizeBytes < 0) {
                throw new ProblemException(400, "Bad Request", "field '" + field + ".sizeBytes' must not be negative",
                        null, java.util.Map.of("field", field + ".sizeBytes"));
            }
            return new Attachment(mediaType, url, Optional.ofNullable(name), Optional.ofNullable(sizeBytes));
        }
    }

    static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw missing(field);
        }
    }

    static ProblemException missing(String field) {
        return new ProblemException(400, "Bad Request", "field '" + field + "' is required", null,
                java.util.Map.of("field", field));
    }
}
