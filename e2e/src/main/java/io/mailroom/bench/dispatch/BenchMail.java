package io.mailroom.bench.dispatch;

import io.vertx.ext.mail.MailMessage;

/** The mail both baselines send: the size and headers of the benchmark campaign's mails. */
final class BenchMail {
    private BenchMail() {
    }

    static MailMessage of(String to, long n) {
        return new MailMessage().setFrom("news@mailroom.test").setTo(to)
                .setSubject("News for Subscriber " + n)
                .setHtml("<p>Hello Subscriber " + n + " in Lyon!</p>")
                .addHeader("List-Unsubscribe", "<http://127.0.0.1/u/" + n + ">")
                .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }
}
