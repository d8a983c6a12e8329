package org.smtpguard.proxy.certs;

import picocli.CommandLine.Command;

/** {@code smtpguard certs}: make and inspect certificates (the subcommands do the work). */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Make a private CA and smtpguard's certificate, or show what a certificate file holds.",
        subcommands = {CertsInitCommand.class, CertsShowCommand.class})
public final class CertsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a subcommand: init or show");
    }
}
