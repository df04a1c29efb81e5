package dev.starling.http.dto;

import java.util.List;

public record TrendsDto(String location, String asOf, List<Item> trends) {
  public record Item(String name, int tweetCount, double score) {}
}
