package io.mailroom.subscriber;

import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Declares the real stack (Kafka, PostgreSQL …) for every {@code @QuarkusTest} of this module: with
 * {@code restrictToAnnotatedClass = false} the resource applies to all test classes, so they need not repeat it.
 */
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "subscriber"),
        restrictToAnnotatedClass = false)
public final class SubscriberStack {
    private SubscriberStack() {
    }
}
