package io.mailroom.feedback.sns;

/** A temporary failure talking to SNS (certificate or confirmation URL unreachable): answered 503 so SNS retries. */
public class SnsUnavailableException extends RuntimeException {
    public SnsUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
