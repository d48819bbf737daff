package io.crowsnest.identity.domain;

/** Display forms of identifier values with most characters hidden. */
final class Masks {

    private Masks() {
    }

    /** "jane.doe@example.com" → "j***@example.com". */
    static String email(String email) {
        int at = email.indexOf('@');
        return email.charAt(0) + "***" + email.substring(at);
    }

    /** Country code 33, national number 612345678 → "+33 6** ** ** 78" (first and last two digits kept). */
    static String phone(String countryCode, String national) {
        StringBuilder masked = new StringBuilder("+").append(countryCode).append(' ');
        int n = national.length();
        if (n <= 3) {
            return masked.append("*".repeat(n)).toString();
        }
        masked.append(national.charAt(0));
        StringBuilder middle = new StringBuilder("*".repeat(n - 3));
        // group the hidden digits in pairs from the end, the way numbers are usually read
        for (int i = middle.length() - 2; i > 0; i -= 2) {
            middle.insert(i, ' ');
        }
        return masked.append(middle).append(' ').append(national, n - 2, n).toString();
    }

    /** "CRM-0012345" → "CR***45"; short values are hidden completely. */
    static String generic(String value) {
        if (value.length() <= 6) {
            return "***";
        }
        return value.substring(0, 2) + "***" + value.substring(value.length() - 2);
    }
}
