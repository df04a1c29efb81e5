package dev.starling.read.accounts;

import java.util.List;

/** A page of accounts and where the next one starts ({@code null} at the end). */
public record UserPage(List<UserView> items, Long nextCursor) {}
