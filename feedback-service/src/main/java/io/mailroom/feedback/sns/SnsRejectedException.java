package io.mailroom.feedback.sns;

/** A message that is not provably from an allowed SNS topic: answered 403 and nothing is stored. */
public class SnsRejectedException extends RuntimeException {
    public SnsRejectedException(String reason) {
        super(reason);
    }

    public SnsRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
