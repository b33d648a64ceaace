package io.mailroom.feedback.ses;

import java.util.Locale;

/** Normalises addresses as providers report them ({@code "Name <a@b>"}, mixed case) to the bare lower-case address. */
public final class Emails {
    private Emails() {
    }

    /** The bare address in lower case, or null when there is none. */
    public static String normalize(String address) {
        if (address == null) {
            return null;
        }
        String a = address.strip();
        int lt = a.lastIndexOf('<');
        int gt = a.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            a = a.substring(lt + 1, gt).strip();
        }
        return a.indexOf('@') > 0 ? a.toLowerCase(Locale.ROOT) : null;
    }
}
