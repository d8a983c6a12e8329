package org.smtpguard.proxy.bench;

import java.util.Locale;

/** Why a message of a bench run failed: where in the dialogue it went wrong. */
public enum Failure {
    /** The TCP connection could not be opened. */
    CONNECT,
    /** The greeting was not 220 (e.g. smtpguard's 421 when its upstream cannot be verified). */
    GREETING,
    /** EHLO was refused, or STARTTLS was not offered in STARTTLS mode. */
    EHLO,
    /** STARTTLS was refused. */
    STARTTLS,
    /** The TLS handshake or the certificate check failed. */
    TLS,
    /** AUTH was refused. */
    AUTH,
    /** MAIL FROM was refused. */
    MAIL,
    /** RCPT TO was refused. */
    RCPT,
    /** DATA was not answered 354. */
    DATA,
    /** The message was refused after its end of data. */
    MESSAGE,
    /** No reply in time. */
    TIMEOUT,
    /** The connection closed or broke in the middle of the dialogue. */
    CLOSED,
    /** The server's replies could not be parsed. */
    PROTOCOL,
    /** The run's --duration ended while the message was in flight. */
    DEADLINE;

    /** The label in reports: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
