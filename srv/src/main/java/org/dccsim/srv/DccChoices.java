package org.dccsim.srv;

import java.security.SecureRandom;

/**
 * What the DCC itself chooses when it transforms a request, where neither the body nor the inventory says. Today one
 * thing: 9.1's Customer Identification Number, four digits the DCC makes up, sends to the ESME's display (ECS50) and
 * returns to the Other User, who asks the consumer to read it back (DUIS 9.1, CINMessage). It must not be guessable,
 * or the check proves nothing; tests fix it to compare with the RTDS.
 */
@FunctionalInterface
public interface DccChoices {
    /** Fresh digits from a SecureRandom for every request. */
    DccChoices RANDOM = new DccChoices() {
        private final SecureRandom random = new SecureRandom();

        @Override
        public String customerIdentificationNumber() {
            return String.format("%04d", random.nextInt(10_000));
        }
    };

    /** Four decimal digits (DUIS CINMessage: pattern [0-9]{4}). */
    String customerIdentificationNumber();
}
