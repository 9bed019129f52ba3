"""An SMTP backend that can tell "not sent" from "perhaps sent".

A failure before the message body went out (connection refused, a 4xx to MAIL or RCPT, a
timeout while connecting) means the server does not have the message: retrying is safe. A
failure after the body went out (the server's answer to DATA timed out or the connection
dropped) is ambiguous: the server may have stored the message and be about to deliver it, so
sending it again could deliver it twice. ``LedgerEmailBackend`` raises ``MayHaveBeenSent`` for
the second case; the email transport records the row as uncertain for an operator instead of
retrying it. It is the default backend when ``DEBUG`` is false.
"""

import smtplib

from django.core.mail.backends.smtp import EmailBackend


class MayHaveBeenSent(Exception):
    """The message body reached the server but its answer did not reach us."""


class BodyTracking:
    """Notes on the connection when ``data()`` has handed the message body to the socket."""

    body_sent = False
    _in_data = False

    def data(self, msg):
        self._in_data = True
        try:
            return super().data(msg)  # type: ignore[misc]
        finally:
            self._in_data = False

    def send(self, s):
        super().send(s)  # type: ignore[misc]
        # Inside data() the command "data" goes out as text and the body as bytes.
        if self._in_data and isinstance(s, bytes | bytearray):
            self.body_sent = True


class TrackingSMTP(BodyTracking, smtplib.SMTP):
    pass


class TrackingSMTPSSL(BodyTracking, smtplib.SMTP_SSL):
    pass


class LedgerEmailBackend(EmailBackend):
    """Django's SMTP backend, raising ``MayHaveBeenSent`` when a failure came after the body."""

    @property
    def connection_class(self):
        return TrackingSMTPSSL if self.use_ssl else TrackingSMTP

    def _send(self, email_message):
        try:
            return super()._send(email_message)
        except Exception as error:
            answered = isinstance(error, smtplib.SMTPResponseException)  # a real reply: definite
            if getattr(self.connection, "body_sent", False) and not answered:
                raise MayHaveBeenSent(f"{type(error).__name__}: {error}") from error
            raise
