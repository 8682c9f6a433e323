/* search client: provided by the search stage */
