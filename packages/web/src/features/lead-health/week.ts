/** The week picker's value for the week in progress; any other value is a published report's Friday (YYYY-MM-DD). */
export const liveWeek = 'live';
