package dev.pvault.client.importer;

/** The order of day, month and year in a WhatsApp export's dates. */
public enum DateOrder {
    /** day/month/year, as most of the world writes it: 24/11/18, 13.06.2018. */
    DMY,
    /** month/day/year, as the United States writes it: 11/24/18. */
    MDY,
    /** year/month/day: 2018-11-24, 2018/11/24. */
    YMD
}
