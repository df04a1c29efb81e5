package dev.starling.read.accounts;

import dev.starling.user.Profile;

/** An account as the API shows it: its profile and its exact counts. */
public record UserView(
    Profile profile, long followersCount, long followingCount, long tweetCount) {}
